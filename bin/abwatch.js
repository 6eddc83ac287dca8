#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles them on first use and caches the result.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/index.ts");
