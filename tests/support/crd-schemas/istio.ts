// Istio DestinationRule (networking.istio.io/v1), the fields this project sets.
// Derived from istio/api networking/v1alpha3/destination_rule.proto (served as v1 since Istio 1.22):
// host is required; trafficPolicy.tls.mode is one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL.
import { CrdSchema, customResource, str } from "./common";

export const destinationRule: CrdSchema = {
  apiVersion: "networking.istio.io/v1",
  kind: "DestinationRule",
  source: "istio/api networking/v1alpha3/destination_rule.proto (DestinationRule, ClientTLSSettings)",
  schema: customResource("networking.istio.io/v1", "DestinationRule", {
    type: "object",
    required: ["host"],
    properties: {
      host: str({ minLength: 1 }),
      trafficPolicy: {
        type: "object",
        properties: {
          tls: {
            type: "object",
            properties: {
              mode: { enum: ["DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"] },
              insecureSkipVerify: { type: "boolean" },
              sni: str(),
            },
          },
          connectionPool: { type: "object" },
        },
      },
      exportTo: { type: "array", items: str() },
    },
  }),
};
