// Where the CLI finds the Hugging Face token: HF_TOKEN in the environment, else the file the
// config names (huggingFace.tokenFile). The value is only ever handed on as a Pulumi secret.
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../components/config/errors";

export function readHfToken(config: unknown, configFile?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const fromEnv = env.HF_TOKEN?.trim();
    if (fromEnv) return fromEnv;
    const file = (config as { huggingFace?: { tokenFile?: unknown } } | null)?.huggingFace?.tokenFile;
    if (typeof file !== "string") return undefined;
    const resolved = path.resolve(configFile ? path.dirname(configFile) : ".", file);
    try {
        const token = fs.readFileSync(resolved, "utf8").trim();
        return token || undefined;
    } catch (e) {
        throw new ConfigError([
            { path: "huggingFace.tokenFile", got: file, expected: "a readable file holding the token", fix: `Check the path (${(e as NodeJS.ErrnoException).code ?? "unreadable"}).` },
        ]);
    }
}
