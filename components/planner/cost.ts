// Cost arithmetic.
import type { ChipSpec, MachineTypeSpec } from "../catalog/accelerators";
import { MACHINE_TYPES } from "../catalog/accelerators";

/** Price of one chip-hour on a machine type = machine price / chips per node. */
export function chipHourPrice(machine: MachineTypeSpec): number {
  return machine.pricePerHourUSD / machine.chipsPerNode;
}

/** Cost per hour of `chips` chips billed at the machine's per-chip price. */
export function costPerHour(machine: MachineTypeSpec, chips: number): number {
  return chipHourPrice(machine) * chips;
}

/** Cost per hour of whole nodes. */
export function nodeCostPerHour(machine: MachineTypeSpec, nodes: number): number {
  return machine.pricePerHourUSD * nodes;
}

/** USD per million output tokens = costPerHour / (tokensPerSecond x 3600) x 1e6; Infinity at zero throughput. */
export function costPerMillionTokens(costPerHourUSD: number, tokensPerSecond: number): number {
  if (tokensPerSecond <= 0) return Number.POSITIVE_INFINITY;
  return (costPerHourUSD / (tokensPerSecond * 3600)) * 1e6;
}

/**
 * Reference machine for pricing a chip when none was named: among machine types carrying the chip
 * with at least `chipsNeeded` chips per node (or the largest one if none is that big), the cheapest per chip.
 */
export function referenceMachine(chip: ChipSpec, chipsNeeded: number): MachineTypeSpec | undefined {
  const all = MACHINE_TYPES.filter((m) => m.chip === chip.id);
  if (all.length === 0) return undefined;
  const maxChips = Math.max(...all.map((m) => m.chipsPerNode));
  const big = all.filter((m) => m.chipsPerNode >= Math.min(chipsNeeded, maxChips));
  return big.reduce((best, m) => (chipHourPrice(m) < chipHourPrice(best) ? m : best));
}
