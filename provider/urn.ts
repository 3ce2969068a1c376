// Resource URNs as the Pulumi engine forms them, for offline runs under the mock runtime, whose own
// URNs keep only the last parent type (so they differ from what a real `pulumi up` stores).
//
// Engine rules (pulumi/pulumi sdk/go/common/resource/urn/urn.go New, and
// pkg/resource/deploy/step_generator.go collapseAliasToUrn / inheritedChildAlias):
//  - urn:pulumi:<stack>::<project>::<qualified type>::<name>, where the qualified type is the
//    `$`-joined types of every ancestor except the root stack, then the resource's own type;
//    ancestors' names never enter a URN;
//  - an alias's unset name or type is the resource's own, an unset parent the current parent, an
//    explicit `parent: undefined` (rootStackResource) no parent;
//  - a parent's aliases carry over to its children: each child also answers to the URN it would
//    have had under each of its parent's old URNs.
// Stack and project are left out of what this module returns (`<qualified type>::<name>`): only
// the program decides the rest, so that part is what a change of code can move.

/** `<qualified type>::<name>`: the part of a URN the program controls. */
export type UrnTail = string;

const ROOT_STACK = "pulumi:pulumi:Stack";

/** The tail of the URN a resource of `type` named `name` gets under ancestors of the given types. */
export function urnTail(ancestorTypes: string[], type: string, name: string): UrnTail {
    return `${[...ancestorTypes.filter((t) => t !== ROOT_STACK), type].join("$")}::${name}`;
}

/** The full URN (prefix + tail). */
export function fullUrn(stack: string, project: string, tail: UrnTail): string {
    return `urn:pulumi:${stack}::${project}::${tail}`;
}

/** The qualified type (type chain) and name of a tail or full URN. */
export function splitUrn(urn: string): { qualifiedType: string; name: string } {
    const tail = urn.startsWith("urn:pulumi:") ? urn.split("::").slice(2).join("::") : urn;
    const at = tail.indexOf("::");
    if (at < 0) throw new Error(`not a URN: ${urn}`);
    return { qualifiedType: tail.slice(0, at), name: tail.slice(at + 2) };
}

interface ResourceLike {
    __pulumiType?: string;
    __name?: string;
    __parentResource?: ResourceLike;
}

/** Types of a resource's ancestors, outermost first, root stack excluded. */
export function ancestorTypes(parent: ResourceLike | undefined): string[] {
    const out: string[] = [];
    for (let r = parent; r; r = r.__parentResource) if (r.__pulumiType && r.__pulumiType !== ROOT_STACK) out.unshift(r.__pulumiType);
    return out;
}

/** An alias as the Node SDK takes it: a URN string or a spec of what changed. */
export type AliasLike = string | { name?: string; type?: string; parent?: unknown; stack?: string; project?: string };

function isResource(x: unknown): x is ResourceLike {
    return typeof x === "object" && x !== null && "__pulumiType" in x;
}

/**
 * The URN tails a resource also answers to: its own aliases (engine defaults filled in) and those
 * inherited from its parent's aliases. `parentTail` and `parentAliases` describe the current parent
 * (undefined at the top); `tailOf` gives the tail of a resource object named as an alias parent.
 */
export function aliasTails(
    resource: { type: string; name: string },
    aliases: readonly AliasLike[],
    parent: { tail: UrnTail; aliases: UrnTail[] } | undefined,
    tailOf: (r: ResourceLike) => UrnTail | undefined,
): UrnTail[] {
    const out: UrnTail[] = [];
    const under = (parentQualifiedType: string | undefined, type: string, name: string) =>
        parentQualifiedType ? `${parentQualifiedType}$${type}::${name}` : `${type}::${name}`;
    const parentType = parent ? splitUrn(parent.tail).qualifiedType : undefined;
    for (const a of aliases) {
        if (typeof a === "string") {
            out.push(a.startsWith("urn:pulumi:") ? a.split("::").slice(2).join("::") : a);
            continue;
        }
        const name = a.name ?? resource.name;
        const type = a.type ?? resource.type;
        let pq = parentType;
        if ("parent" in a) {
            if (a.parent === undefined) pq = undefined;
            else if (typeof a.parent === "string") pq = splitUrn(a.parent).qualifiedType;
            else if (isResource(a.parent)) {
                const t = tailOf(a.parent);
                if (!t) throw new Error(`alias of ${resource.type} ${resource.name}: its parent ${a.parent.__pulumiType} ${a.parent.__name} was not registered`);
                pq = splitUrn(t).qualifiedType;
            }
        }
        out.push(under(pq, type, name));
    }
    // Inherited: the same child under each old URN of its parent, with its current and aliased names.
    for (const pa of parent?.aliases ?? []) {
        const oldParentType = splitUrn(pa).qualifiedType;
        out.push(under(oldParentType, resource.type, resource.name));
        for (const own of [...out]) {
            const { qualifiedType, name } = splitUrn(own);
            const ownType = qualifiedType.split("$").pop()!;
            out.push(under(oldParentType, ownType, name));
        }
    }
    return [...new Set(out)];
}

/** What moved between two URN sets, and whether aliases cover it. */
export interface UrnCheck {
    /** Old URNs no current resource has or answers to: an update would delete and recreate them. */
    lost: UrnTail[];
    /** Current URNs the old set lacks (new resources, or moved ones). */
    added: UrnTail[];
    /** URNs two current resources share: the engine refuses the program. */
    duplicates: UrnTail[];
}

/** Compares a recorded URN set with the current resources and their aliases. */
export function checkUrns(recorded: readonly UrnTail[], current: readonly { urn: UrnTail; aliases?: readonly UrnTail[] }[]): UrnCheck {
    const now = new Set<string>();
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const c of current) {
        if (seen.has(c.urn)) duplicates.add(c.urn);
        seen.add(c.urn);
        now.add(c.urn);
        for (const a of c.aliases ?? []) now.add(a);
    }
    const old = new Set(recorded);
    return {
        lost: recorded.filter((u) => !now.has(u)),
        added: [...seen].filter((u) => !old.has(u)).sort(),
        duplicates: [...duplicates].sort(),
    };
}
