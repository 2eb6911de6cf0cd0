// The committed generated types match what codegen makes now from the committed schema and
// the documents: after changing either, run `npm run codegen` and commit src/graphql/.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { generate } from "@graphql-codegen/cli";
import { expect, it } from "vitest";
import { config } from "../../codegen";

it("is up to date with schema.graphql and the documents", async () => {
  const root = resolve(__dirname, "../..");
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const files = (await generate({ ...config, silent: true }, false)) as { filename: string; content: string }[];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = readFileSync(resolve(root, file.filename), "utf-8");
      expect(committed, `${file.filename} is stale: run npm run codegen`).toBe(file.content);
    }
  } finally {
    process.chdir(cwd);
  }
}, 60000);
