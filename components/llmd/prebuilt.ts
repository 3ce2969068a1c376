// LlmdStack builds every object once (buildStack) and hands each child component its share.
// The hand-off travels beside the args object, not inside it, so it never shows up in the
// component provider's schema or in a child's inputs.
const handoff = new WeakMap<object, unknown>();

export function attach<T>(args: object, built: T): void {
    handoff.set(args, built);
}

export function takeAttached<T>(args: object): T | undefined {
    const v = handoff.get(args) as T | undefined;
    handoff.delete(args);
    return v;
}
