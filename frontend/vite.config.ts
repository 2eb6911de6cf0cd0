import { availableParallelism } from "node:os";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Django serves index.html at `/` on every tenant host and the assets under /static/app/
// (platform/jifen/frontend.py, settings STATICFILES_DIRS). `npm run dev` proxies the API
// to a running `jifen web` on :8000; open http://county.localhost:5173/.
export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/app/" : "/",
  plugins: [react()],
  server: {
    proxy: {
      "/graphql": { target: "http://127.0.0.1:8000" },
      "/evidence": { target: "http://127.0.0.1:8000" },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    testTimeout: 15000,
    // One test process per core: Vitest's default leaves one core idle, which on a 2-core
    // CI machine runs the files one at a time (124 s instead of 82 s).
    maxWorkers: availableParallelism(),
  },
}));
