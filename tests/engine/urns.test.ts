// B7: the URNs a real engine gives each example's resources are pinned. An update matches old and
// new resources by URN only: a resource whose URN moves (other parent type, other name, other
// depth) is deleted and created again, which for a cluster-wide object or a node pool is an
// outage, and under pulumi-kubernetes >= 4.29 create semantics an AlreadyExists failure. So a
// change that moves a resource fails here unless an alias keeps its old URN.
//
// The URNs are the engine's (full ancestor type chain, provider/urn.ts), not the mock runtime's,
// which keep only the last parent type. Objects the kubernetes provider registers inside a
// ConfigFile or Chart (Construct runs in the provider, not under mocks) are named from the
// component's name (`<name>:<namespace>/<object>`), so pinning the component's URN and name pins
// theirs. Regenerate after an intended change: UPDATE_URN_SNAPSHOTS=1 npm test.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfigFile } from "../../components/config/load";
import { runOffline } from "../../provider/offline";
import { aliasTails, checkUrns, splitUrn, urnTail } from "../../provider/urn";
import { ROOT, exampleConfigFiles } from "../support/fixtures";

const SNAPSHOTS = path.join(ROOT, "tests", "fixtures", "urns");
const UPDATE = process.env.UPDATE_URN_SNAPSHOTS === "1";

function examples(): { id: string; file: string }[] {
    return [
        { id: "default", file: path.join(ROOT, "examples", "default", "llmd.yaml") },
        ...exampleConfigFiles().map((f) => ({ id: path.basename(f, ".yaml"), file: f })),
    ];
}

function snapshotFile(id: string): string {
    return path.join(SNAPSHOTS, `${id}.txt`);
}

function readSnapshot(id: string): string[] {
    const f = snapshotFile(id);
    if (!fs.existsSync(f)) return [];
    return fs
        .readFileSync(f, "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"));
}

describe("engine: URNs of every example are pinned; a move needs an alias (B7)", function () {
    this.timeout(120_000);
    for (const ex of examples()) {
        it(`${ex.id}: every recorded URN is still there or aliased, nothing is new unrecorded, no URN is taken twice`, async () => {
            const run = await runOffline(loadConfigFile(ex.file));
            const recorded = readSnapshot(ex.id);
            const check = checkUrns(recorded, run.urns);
            assert.deepEqual(check.duplicates, [], "the engine refuses two resources with one URN (mocks do not)");
            if (UPDATE) {
                const lines = [...new Set(run.urns.map((u) => u.urn))].sort();
                fs.mkdirSync(SNAPSHOTS, { recursive: true });
                fs.writeFileSync(
                    snapshotFile(ex.id),
                    `# Engine URNs (urn:pulumi:<stack>::<project>:: + this) of ${path.relative(ROOT, ex.file)}; UPDATE_URN_SNAPSHOTS=1 npm test rewrites this file.\n${lines.join("\n")}\n`,
                );
                return;
            }
            assert.ok(recorded.length > 0, `no snapshot ${path.relative(ROOT, snapshotFile(ex.id))}: run UPDATE_URN_SNAPSHOTS=1 npm test`);
            assert.deepEqual(check.lost, [], "these resources would be deleted and created again on the next update; add an alias with the old name/parent, or regenerate the snapshot if the move is intended and released as breaking");
            assert.deepEqual(check.added, [], "new URNs: regenerate the snapshot (UPDATE_URN_SNAPSHOTS=1 npm test) and review the diff");
        });
    }

    it("URNs carry the whole ancestor type chain (the mock runtime keeps only the last parent type)", async () => {
        const run = await runOffline(loadConfigFile(path.join(ROOT, "examples", "default", "llmd.yaml")));
        const deep = run.urns.map((u) => splitUrn(u.urn).qualifiedType.split("$"));
        assert.ok(deep.some((chain) => chain.length >= 3 && chain[0] === "llmd:index:LlmdStack"), "children of children keep the top component's type");
        for (const chain of deep) assert.equal(chain[0], "llmd:index:LlmdStack", chain.join("$"));
    });
});

describe("engine: alias resolution follows the engine (urn.New, collapseAliasToUrn, inherited aliases)", () => {
    const stackTail = urnTail([], "llmd:index:LlmdStack", "llm-d");
    const platform = { tail: urnTail(["llmd:index:LlmdStack"], "llmd:index:Platform", "platform"), aliases: [] as string[] };

    it("a renamed resource without an alias loses its URN; with { name } it keeps it", () => {
        const old = urnTail(["llmd:index:LlmdStack", "llmd:index:Platform"], "kubernetes:core/v1:Namespace", "llm-d");
        const moved = urnTail(["llmd:index:LlmdStack", "llmd:index:Platform"], "kubernetes:core/v1:Namespace", "llm-d-ns");
        assert.deepEqual(checkUrns([old], [{ urn: moved }]).lost, [old]);
        const aliases = aliasTails({ type: "kubernetes:core/v1:Namespace", name: "llm-d-ns" }, [{ name: "llm-d" }], platform, () => undefined);
        assert.deepEqual(checkUrns([old], [{ urn: moved, aliases }]).lost, []);
    });

    it("a resource moved to another parent keeps its URN with { parent: oldParent }, and with { parent: undefined } when it had none", () => {
        const oldUnderStack = urnTail(["llmd:index:LlmdStack"], "kubernetes:gateway.networking.k8s.io/v1:Gateway", "llm-d/llm-d-gateway");
        const oldParent = { __pulumiType: "llmd:index:LlmdStack", __name: "llm-d" };
        const a = aliasTails({ type: "kubernetes:gateway.networking.k8s.io/v1:Gateway", name: "llm-d/llm-d-gateway" }, [{ parent: oldParent }], platform, (r) => (r === oldParent ? stackTail : undefined));
        assert.ok(a.includes(oldUnderStack), a.join("\n"));
        const top = aliasTails({ type: "llmd:index:Platform", name: "platform" }, [{ parent: undefined }], { tail: stackTail, aliases: [] }, () => undefined);
        assert.deepEqual(top, ["llmd:index:Platform::platform"]);
    });

    it("a parent's alias carries over to its children (the subtree of a moved component keeps its URNs)", () => {
        const movedPlatform = { tail: urnTail(["llmd:index:LlmdStack", "llmd:index:Cluster"], "llmd:index:Platform", "platform"), aliases: [platform.tail] };
        const child = aliasTails({ type: "kubernetes:core/v1:Namespace", name: "istio-system" }, [], movedPlatform, () => undefined);
        assert.deepEqual(child, [urnTail(["llmd:index:LlmdStack", "llmd:index:Platform"], "kubernetes:core/v1:Namespace", "istio-system")]);
    });

    it("a full URN string alias is taken as is (stack and project dropped)", () => {
        const a = aliasTails({ type: "t:m:T", name: "n" }, ["urn:pulumi:dev::llm-d::llmd:index:LlmdStack$t:m:T::old"], undefined, () => undefined);
        assert.deepEqual(a, ["llmd:index:LlmdStack$t:m:T::old"]);
    });

    it("two resources with one URN are reported (the engine's 'Duplicate resource URN')", () => {
        assert.deepEqual(checkUrns([], [{ urn: "a$b::x" }, { urn: "a$b::x" }]).duplicates, ["a$b::x"]);
    });
});
