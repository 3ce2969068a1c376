// Device plugins the platform installs for clusters that lack them, as ChartSpecs: today the ROCm
// device plugin that advertises amd.com/gpu on AMD Instinct nodes (platform.installAmdDevicePlugin).
import { AMD_DEVICE_PLUGIN } from "../../catalog/versions";
import { StackSpec } from "../../config/spec";
import { ChartSpec } from "../common";

export function devicePluginCharts(stack: StackSpec): ChartSpec[] {
    if (!stack.platform.installAmdDevicePlugin) return [];
    return [
        {
            name: "amd-gpu-device-plugin",
            chart: AMD_DEVICE_PLUGIN.chart,
            version: AMD_DEVICE_PLUGIN.version,
            repo: AMD_DEVICE_PLUGIN.repo,
            namespace: AMD_DEVICE_PLUGIN.namespace,
            // The chart's node labeller and NFD are optional; the plugin alone advertises amd.com/gpu.
            values: {},
            dependsOn: [],
            purpose: "ROCm device plugin: advertises amd.com/gpu and hands each pod its /dev/kfd and /dev/dri render nodes",
        },
    ];
}
