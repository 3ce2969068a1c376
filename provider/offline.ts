// Runs the real LlmdStack under Pulumi's mock runtime and records every resource it registers
// (type, name, parent, options, inputs, engine URNs): what the tests check the components and
// `llmd plan`'s resource tree (components/manifests/tree.ts) against.
import * as pulumi from "@pulumi/pulumi";
import { Resolved, resolveConfig } from "../components/config/resolve";
import { LlmdStack, LlmdStackArgs } from "../components/stack";
import { PlannedResource } from "../components/manifests/tree";
import { STACK_COMPONENT_NAME } from "./components";
import { offlineInvoke } from "./offline-invokes";
import { AliasLike, UrnTail, aliasTails, ancestorTypes, urnTail } from "./urn";

export type { PlannedResource };

/** What tests and diagnostics need beyond the plan's contract. */
export interface ResourceDetail {
    /** `type::name` of each explicit dependency. */
    dependsOn: string[];
    /** The URN's program-controlled part (`<qualified type>::<name>`) as the engine forms it. */
    urn: UrnTail;
    /** Old URN tails it answers to through its own and its ancestors' aliases. */
    aliasUrns: UrnTail[];
    /** The provider reference the engine would use (`urn::id`), when one was set. */
    provider?: string;
    /** Inputs as registered (secret values arrive wrapped in Pulumi's secret envelope). */
    inputs: Record<string, unknown>;
    /** The resource options the engine acts on beyond the tree. */
    options: {
        customTimeouts?: { create?: string; update?: string; delete?: string };
        ignoreChanges?: string[];
        retainOnDelete?: boolean;
        transforms?: pulumi.ResourceTransform[];
        aliases?: unknown[];
    };
}

export interface OfflineRun {
    resolved: Resolved;
    resources: PlannedResource[];
    /** Keyed by `type::name`. */
    details: Map<string, ResourceDetail>;
    /** Every registration's engine URN tail and the old tails its aliases keep, in order (duplicates kept). */
    urns: { urn: UrnTail; aliases: UrnTail[] }[];
    stack: LlmdStack;
}

/** A Go duration of whole seconds ("5400s") as a number. */
function seconds(d: string | undefined): number | undefined {
    const m = d === undefined ? null : /^(\d+)s$/.exec(d);
    return m ? Number(m[1]) : undefined;
}

function key(r: { __pulumiType?: string; __name?: string }): string {
    return `${r.__pulumiType}::${r.__name}`;
}

const SETTLE_TIMEOUT_MS = 60_000;


/**
 * Constructs the stack under mocks. The config is validated first (ConfigError, nothing
 * registered). The token, if any, is passed as a secret like `llmd up` does.
 */
export async function runOffline(config: unknown, stackName = "plan", hfToken?: string): Promise<OfflineRun> {
    const resolved = resolveConfig(config);
    const resources: PlannedResource[] = [];
    const details = new Map<string, ResourceDetail>();
    let registrations = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registrations++;
                const d = details.get(`${args.type}::${args.name}`);
                if (d) {
                    d.provider = args.provider;
                    d.inputs = args.inputs as Record<string, unknown>;
                }
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
            },
            // Data sources (ec2.getInstanceType, ssm.getParameter) get canned answers: provider/offline-invokes.ts.
            call: (args) => offlineInvoke({ token: args.token, inputs: args.inputs as Record<string, unknown> }),
        },
        "llm-d",
        stackName,
        false,
    );
    // Engine URNs (and the old URNs aliases keep) of every registered resource object.
    const urns = new WeakMap<object, { tail: UrnTail; aliases: UrnTail[] }>();
    const urnList: { urn: UrnTail; aliases: UrnTail[] }[] = [];
    const record: pulumi.ResourceTransformation = (args) => {
        const parent = args.opts.parent as unknown as { __pulumiType?: string; __name?: string; __parentResource?: object } | undefined;
        const parentUrns = parent ? (urns.get(parent) ?? { tail: urnTail(ancestorTypes(parent.__parentResource as never), parent.__pulumiType!, parent.__name!), aliases: [] }) : undefined;
        const tail = urnTail(ancestorTypes(parent as never), args.type, args.name);
        const aliasUrns = aliasTails({ type: args.type, name: args.name }, (args.opts.aliases ?? []) as AliasLike[], parentUrns, (r) => urns.get(r)?.tail);
        urns.set(args.resource, { tail, aliases: aliasUrns });
        urnList.push({ urn: tail, aliases: aliasUrns });
        const deps = Array.isArray(args.opts.dependsOn) ? (args.opts.dependsOn as unknown as { __pulumiType?: string; __name?: string }[]) : [];
        const o = args.opts as pulumi.CustomResourceOptions & { transforms?: pulumi.ResourceTransform[] };
        const timeouts = o.customTimeouts ? { create: seconds(o.customTimeouts.create), update: seconds(o.customTimeouts.update) } : undefined;
        resources.push({
            type: args.type,
            name: args.name,
            parent: parent?.__name ? key(parent) : "",
            ...(deps.length ? { dependsOn: [...new Set(deps.map((d) => d.__name ?? ""))] } : {}),
            ...(timeouts && (timeouts.create !== undefined || timeouts.update !== undefined) ? { timeouts } : {}),
        });
        details.set(`${args.type}::${args.name}`, {
            urn: tail,
            aliasUrns,
            dependsOn: deps.map(key),
            inputs: {},
            options: {
                ...(o.customTimeouts ? { customTimeouts: o.customTimeouts } : {}),
                ...(o.ignoreChanges ? { ignoreChanges: o.ignoreChanges } : {}),
                ...(o.retainOnDelete !== undefined ? { retainOnDelete: o.retainOnDelete } : {}),
                ...(o.transforms?.length ? { transforms: o.transforms } : {}),
                ...(o.aliases?.length ? { aliases: o.aliases as unknown[] } : {}),
            },
        });
        return undefined;
    };
    const stackArgs: LlmdStackArgs = { ...(config as LlmdStackArgs), ...(hfToken !== undefined ? { hfToken: pulumi.secret(hfToken) } : {}) };
    // Components report through pulumi.log, which prints to the console without an engine:
    // collect those lines as plan warnings instead.
    const originalWarn = console.warn;
    const runtimeWarnings: string[] = [];
    console.warn = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        if (text.startsWith("warning: [runtime] ")) runtimeWarnings.push(text.slice("warning: [runtime] ".length));
        else originalWarn(...args);
    };
    try {
        // The component name `llmd up` and the root program use, so the plan lists the same names.
        const stack = new LlmdStack(STACK_COMPONENT_NAME, stackArgs, { transformations: [record] });
        await settle(stack, () => registrations);
        for (const w of runtimeWarnings) if (!resolved.warnings.includes(w)) resolved.warnings.push(w);
        return { resolved, resources, details, urns: urnList, stack };
    } finally {
        console.warn = originalWarn;
    }
}

/** Waits until the component's outputs resolve and no new registration arrives for a few ticks. */
async function settle(stack: LlmdStack, count: () => number): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    await new Promise<void>((resolve) => stack.inferencePoolNames.apply(() => resolve()));
    let last = -1;
    let stable = 0;
    while (stable < 5) {
        if (Date.now() > deadline) throw new Error("offline plan: resource registrations did not settle");
        await new Promise((r) => setTimeout(r, 2));
        const n = count();
        stable = n === last ? stable + 1 : 0;
        last = n;
    }
}
