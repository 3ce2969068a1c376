// Helpers for tests that run components under Pulumi's mock runtime.
import * as pulumi from "@pulumi/pulumi";

/** Resolves an Output's value, failing instead of hanging when it never resolves. */
export function settle<T>(o: pulumi.Output<T> | pulumi.Input<T>, ms = 20_000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
        new Promise<T>((resolve) => pulumi.output(o).apply((v) => resolve(v as T))),
        new Promise<T>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`output did not resolve in ${ms} ms`)), ms);
        }),
    ]).finally(() => clearTimeout(timer));
}

/** Polls until `check` holds: registrations finish after the outputs resolve. */
export async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
    }
}

/** Activates Pulumi's mock runtime, echoing inputs as state and recording every registration. */
export async function recordingMocks(stack: string): Promise<pulumi.runtime.MockResourceArgs[]> {
    const registered: pulumi.runtime.MockResourceArgs[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push(a);
                return { id: a.custom ? `${a.name}-id` : undefined, state: a.inputs };
            },
            call: (a) => a.inputs,
        },
        "llm-d",
        stack,
        false,
    );
    return registered;
}
