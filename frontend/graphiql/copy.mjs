// Copy the GraphiQL page's files into the app's build (dist/graphiql/), from which Django
// serves them as static files: GraphiQL then works offline, with the very files (and
// integrity hashes) graphene-django pins. Run by `npm run build`.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, "..", "dist", "graphiql");
export const FILES = [
  "whatwg-fetch/dist/fetch.umd.js",
  "react/umd/react.production.min.js",
  "react-dom/umd/react-dom.production.min.js",
  "graphiql/graphiql.min.js",
  "graphiql/graphiql.min.css",
  "graphql-ws/umd/graphql-ws.min.js",
  "@graphiql/plugin-explorer/dist/graphiql-plugin-explorer.umd.js",
  "@graphiql/plugin-explorer/dist/style.css",
];
const rename = { "style.css": "graphiql-plugin-explorer.css" };

mkdirSync(out, { recursive: true });
for (const file of FILES) {
  const from = join(here, "node_modules", file);
  if (!existsSync(from)) throw new Error(`${from} is missing: run \`npm ci\` in frontend/ (its postinstall installs frontend/graphiql)`);
  copyFileSync(from, join(out, rename[basename(file)] ?? basename(file)));
}
console.log(`graphiql: ${FILES.length} files in ${out}`);
