// Canned answers to the cloud data-source calls (invokes) components make, for offline plans
// under Pulumi's mock runtime. They stand in for what AWS returns at deploy time, from the
// catalog: enough to plan resources, never used by a real `pulumi up`.
import { findMachineType } from "../components/catalog/accelerators";

export interface MockCall {
    token: string;
    inputs: Record<string, unknown>;
}

/** aws.ec2.getInstanceType: network cards from the catalog's EFA interface count (card 0 takes 2 interfaces). */
function instanceType(inputs: Record<string, unknown>): Record<string, unknown> {
    const id = String(inputs.instanceType ?? "");
    const m = findMachineType(id);
    const cards = Math.max(1, m?.efaInterfaces ?? 1);
    return {
        instanceType: id,
        efaSupported: (m?.efaInterfaces ?? 0) > 0,
        efaMaximumInterfaces: m?.efaInterfaces ?? 0,
        maximumNetworkCards: cards,
        networkCards: Array.from({ length: cards }, (_, index) => ({ index, maximumInterfaces: 2, baselineBandwidth: m?.nicGbps ?? 0, peakBandwidth: m?.nicGbps ?? 0, performance: `${m?.nicGbps ?? 0} Gigabit` })),
        gpuses: m ? [{ count: m.chipsPerNode, manufacturer: "NVIDIA", name: m.chip, memorySize: 0 }] : [],
    };
}

/** aws.ssm.getParameter: an AMI release string of the shape EKS publishes. */
function ssmParameter(inputs: Record<string, unknown>): Record<string, unknown> {
    const name = String(inputs.name ?? "");
    const version = /optimized-ami\/([0-9.]+)\//.exec(name)?.[1] ?? "1.34";
    const value = `${version}.0-20260101`;
    return { name, value, insecureValue: value, type: "String", version: 1 };
}

/**
 * aws.getCallerIdentity / aws.iam.getSessionContext: an identity no configured principal has, so
 * an offline plan shows an access entry for every configured admin (at deploy time the deployer's
 * own is skipped).
 */
const OFFLINE_CALLER = "arn:aws:iam::000000000000:role/llmd-offline-plan";
function callerIdentity(): Record<string, unknown> {
    return { accountId: "000000000000", arn: OFFLINE_CALLER, userId: "AROAOFFLINEPLAN", id: "000000000000" };
}
function sessionContext(inputs: Record<string, unknown>): Record<string, unknown> {
    const arn = String(inputs.arn ?? OFFLINE_CALLER);
    return { arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "", id: arn };
}

const ANSWERS: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    "aws:ec2/getInstanceType:getInstanceType": instanceType,
    "aws:ssm/getParameter:getParameter": ssmParameter,
    "aws:index/getCallerIdentity:getCallerIdentity": callerIdentity,
    "aws:iam/getSessionContext:getSessionContext": sessionContext,
};

/** The mock's `call`: a canned answer for known data sources, else the inputs echoed back. */
export function offlineInvoke(call: MockCall): Record<string, unknown> {
    const answer = ANSWERS[call.token];
    return answer ? answer(call.inputs) : call.inputs;
}
