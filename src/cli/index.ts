// The only place that sets the process exit code (./validate-main.ts is the same for validate alone).
import { main } from "./main.ts";
import { processIo } from "./io.ts";
import { endQuietlyWhenThePipeCloses } from "./pipe.ts";

endQuietlyWhenThePipeCloses();
process.exitCode = await main(process.argv.slice(2), processIo);
