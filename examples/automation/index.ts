// An Automation API program that deploys an llmd config file, built from the same functions
// `llmd up` uses (provider/automation.ts): validate first, then open the stack on a local file
// backend, stream one line per resource, and use the outputs in code afterwards.
//
//   npx ts-node examples/automation/index.ts [up|preview|destroy] [CONFIG] [STACK]
//
// Needs the Pulumi CLI on PATH and PULUMI_CONFIG_PASSPHRASE (see README.md).
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { ConfigError } from "../../components";
import {
    PROJECT_NAME,
    backendUrl,
    fileBackendDir,
    inlineProgram,
    llmdHome,
    isMissingCli,
    missingCliMessage,
    passphraseEnv,
    prepareRun,
    progressPrinter,
    renderOutputs,
    toStackConfig,
    workspaceDir,
    workspaceOptions,
} from "../../provider/automation";

async function main(): Promise<number> {
    const [command = "up", configFile = path.join(__dirname, "..", "configs", "simulated.yaml"), stackName = "dev"] = process.argv.slice(2);

    // 1. Validate the config and read the token before anything starts.
    let run;
    try {
        run = prepareRun(configFile);
    } catch (e) {
        if (e instanceof ConfigError) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
    const home = llmdHome();
    const url = backendUrl(process.env.LLMD_BACKEND, process.cwd(), home);
    const pass = passphraseEnv(process.env, url);
    if ("error" in pass) {
        console.error(pass.error);
        return 2;
    }

    // 2. The same workspace as `llmd up`: project llm-d, state in ~/.llmd/state, the backend's workspace folder.
    const stateDir = fileBackendDir(url);
    if (stateDir) fs.mkdirSync(stateDir, { recursive: true });
    const workDir = workspaceDir(url, home);
    fs.mkdirSync(workDir, { recursive: true });

    try {
        const stack = await LocalWorkspace.createOrSelectStack(
            { projectName: PROJECT_NAME, stackName, program: inlineProgram(run.config, run.hfToken) },
            workspaceOptions(url, workDir, pass.vars),
        );
        await stack.setAllConfig(toStackConfig(run));
        const onEvent = progressPrinter((line) => process.stdout.write(line));

        if (command === "preview") {
            await stack.preview({ onEvent });
            return 0;
        }
        if (command === "destroy") {
            await stack.destroy({ onEvent });
            return 0;
        }
        const result = await stack.up({ onEvent });
        process.stdout.write(renderOutputs(result.outputs));

        // 3. What a program can do that the CLI does not: act on the outputs.
        const address = String(result.outputs.gatewayAddress?.value ?? "");
        const model = run.resolved.spec.services[0].model.servedName;
        if (address) {
            console.log(`\nTry it:\n  curl -s http://${address}/v1/completions -H 'content-type: application/json' \\\n    -d '{"model":"${model}","prompt":"Hello","max_tokens":16}'`);
        } else {
            console.log(`\nThe gateway has no address yet (kind/minikube): kubectl -n ${run.resolved.spec.namespace} port-forward svc/${run.resolved.spec.gateway.name}-istio 8080:80`);
        }
        return 0;
    } catch (e) {
        if (isMissingCli(e)) {
            console.error(missingCliMessage(command));
            return 1;
        }
        console.error(e instanceof Error ? e.message : String(e));
        return 1;
    }
}

main().then((code) => process.exit(code));
