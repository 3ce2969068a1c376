"""llm-d's intelligent inference scheduling path on simulated accelerators (llm-d-inference-sim),
deployed from Python with the `pulumi_llmd` SDK that `pulumi package add` generates.

Runs on kind or minikube: no GPU and no Hugging Face token are needed. For real GPUs, set
accelerator type NVIDIA with a chip (see ../configs/inference-scheduling.yaml) and provide the
token with `pulumi config set --secret hfToken ...` or HF_TOKEN.
"""
import os

import pulumi
import pulumi_llmd as llmd

config = pulumi.Config()
hf_token = config.get_secret("hfToken")
if hf_token is None and os.environ.get("HF_TOKEN"):
    hf_token = pulumi.Output.secret(os.environ["HF_TOKEN"])

stack = llmd.LlmdStack(
    "llm-d",
    namespace="llm-d-sim",
    gateway=llmd.GatewayConfigArgs(provider=llmd.GatewayProvider.ISTIO),
    # kind/minikube run nothing the stack needs: no Prometheus Operator, so no monitors.
    cluster=llmd.ClusterConfigArgs(),
    services=[
        llmd.ModelServiceConfigArgs(
            name="sim",
            path=llmd.WellLitPath.INFERENCE_SCHEDULING,
            model=llmd.ModelConfigArgs(id="Qwen/Qwen3-0.6B"),
            accelerator=llmd.AcceleratorConfigArgs(type=llmd.AcceleratorType.SIMULATED),
            decode=llmd.ModelServerRoleArgs(replicas=3),
            simulator=llmd.SimulatorConfigArgs(
                mode=llmd.SimulatorMode.RANDOM,
                time_to_first_token_ms=50,
                inter_token_latency_ms=10,
            ),
        )
    ],
    hf_token=hf_token,
)

pulumi.export("namespace", stack.namespace)
pulumi.export("gateway", stack.gateway_name)
pulumi.export("gatewayAddress", stack.gateway_address)
pulumi.export("inferencePools", stack.inference_pool_names)
