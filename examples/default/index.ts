// The root program (Pulumi.yaml): deploys the default stack, or the config file named by
// `pulumi config set configFile <path>`, to the cluster of the current kube context.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LlmdStack, LlmdStackArgs, loadConfigFile } from "../../components";

const cfg = new pulumi.Config();
const file = cfg.get("configFile") ? path.resolve(cfg.require("configFile")) : path.join(__dirname, "llmd.yaml");
const token = cfg.getSecret("hfToken") ?? (process.env.HF_TOKEN ? pulumi.secret(process.env.HF_TOKEN) : undefined);

const stack = new LlmdStack("llm-d", { ...(loadConfigFile(file) as LlmdStackArgs), hfToken: token });

export const namespace = stack.namespace;
export const gateway = stack.gatewayName;
export const gatewayAddress = stack.gatewayAddress;
export const inferencePools = stack.inferencePoolNames;
