// End-to-end: the real platform on its own data, the built app in Debian's Chromium.
//
//   npm run build && npm run e2e
//
// Provisions the demo tenants (`jifen demo --no-serve`) in a temporary JIFEN_DATA_DIR,
// serves them with `jifen web` and a `jifen worker`, and walks one journey at http://county.localhost:<port>/:
// a branch secretary signs in, sees the organisation tree, declares an item for a member
// of the branch; the branch supervisor finds it in the review queue and accepts it.
// Screenshots go to e2e/artifacts/. Servers are stopped whatever happens.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { journey } from "./journey.mjs";
import { dashJourneys } from "./dash.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const repo = resolve(frontend, "..");
const jifen = join(repo, ".venv", "bin", "jifen");
const artifacts = join(here, "artifacts");
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function run(argv, env, { capture = false } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"] });
    let out = "";
    child.stdout?.on("data", (chunk) => (out += chunk));
    child.once("error", fail);
    child.once("exit", (code) => (code === 0 ? done(out) : fail(new Error(`${argv.join(" ")} exited with ${code}`))));
  });
}

async function waitForHealth(port, server, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`jifen web exited with ${server.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`jifen web did not answer /healthz on port ${port} within ${seconds} s`);
}

async function stopServer(server) {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  process.kill(-server.pid, "SIGTERM"); // gunicorn and its workers: the whole group
  const timer = setTimeout(() => server.exitCode === null && process.kill(-server.pid, "SIGKILL"), 15000);
  await exited;
  clearTimeout(timer);
}

async function main() {
  for (const [path, hint] of [
    [jifen, "run `make install` in the repository first"],
    [join(frontend, "dist", "index.html"), "run `npm run build` first"],
    [chromium, "install it: apt-get install -y chromium (or set CHROMIUM_PATH)"],
  ]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
  }
  mkdirSync(artifacts, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "jifen-e2e-"));
  const port = await freePort();
  const env = { ...process.env, JIFEN_DATA_DIR: dataDir, JIFEN_DEBUG: "1", JIFEN_DEMO: "1", JIFEN_FRONTEND_DIR: join(frontend, "dist") };
  // Its own embedded servers, never a database the caller points at.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  let server = null;
  let worker = null;
  let browser = null;
  const stopAll = async () => {
    await browser?.close().catch(() => {});
    await stopServer(server);
    await stopServer(worker);
    await run([jifen, "services", "stop"], env).catch((e) => console.error(`e2e: ${e.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  };
  const interrupted = () => stopAll().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    console.log(`e2e: provisioning the demo tenants in ${dataDir} …`);
    const printed = await run([jifen, "demo", "--no-serve", "--port", String(port)], env, { capture: true });
    if (!printed.includes("secretary_01")) throw new Error(`jifen demo printed no secretary_01 login:\n${printed}`);
    console.log(`e2e: starting jifen web on 127.0.0.1:${port} …`);
    const start = async (extra = {}) => {
      const processEnv = { ...env, ...extra };
      server = spawn(jifen, ["web", "--bind", `127.0.0.1:${port}`], { env: processEnv, stdio: "inherit", detached: true });
      // A real worker for the jobs the screens start (the ruleset editor's what-if).
      worker = spawn(jifen, ["worker", "--concurrency", "1"], { env: processEnv, stdio: ["ignore", "ignore", "inherit"], detached: true });
      await waitForHealth(port, server);
    };
    await start();
    // Days pass: the web server and the worker start again with their clocks that many days
    // ahead (JIFEN_CLOCK_SHIFT_DAYS, a test-only setting; see jifen/clock.py).
    const moveClock = async (days) => {
      console.log(`e2e: moving the platform's clock ${days} days ahead …`);
      await stopServer(server);
      await stopServer(worker);
      await start({ JIFEN_CLOCK_SHIFT_DAYS: String(days) });
    };
    const { chromium: launcher } = await import("playwright-core");
    browser = await launcher.launch({
      executablePath: chromium,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    });
    const base = `http://county.localhost:${port}`;
    const journeys = {
      procedure: () => journey({ browser, base, artifacts, moveClock }),
      market: async () => (await import("./market.mjs")).market({ browser, base, artifacts }),
      dash: () => dashJourneys({ browser, base, artifacts }),
      village: async () => (await import("./village.mjs")).villageJourney({ browser, base, artifacts, moveClock }),
    };
    // JIFEN_E2E_ONLY=village,market runs those journeys alone (while working on one of them).
    // The village and school journey is run on demand until its parent step passes.
    const only = (process.env.JIFEN_E2E_ONLY || "procedure,market,dash").split(",").filter(Boolean);
    for (const name of only) if (!(name in journeys)) throw new Error(`JIFEN_E2E_ONLY names no journey ${name}: ${Object.keys(journeys)}`);
    for (const [name, walk] of Object.entries(journeys)) if (only.includes(name)) await walk();
    console.log("e2e: passed");
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  console.error(`e2e: FAILED: ${error.stack || error}`);
  process.exitCode = 1;
});
