// GraphQL Code Generator: types for every document in src/, from the committed schema
// (the contract). `npm run codegen` rewrites src/graphql/; src/graphql/codegen.test.ts
// fails when the committed output is stale against ../platform/jifen/schema.graphql.
import type { CodegenConfig } from "@graphql-codegen/cli";

export const config: CodegenConfig = {
  schema: "../platform/jifen/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/graphql/**"],
  ignoreNoDocuments: true,
  generates: {
    "src/graphql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          Date: "string",
          DateTime: "string",
          Decimal: "string",
          GenericScalar: "unknown",
          JSONString: "string",
        },
      },
    },
  },
};

export default config;
