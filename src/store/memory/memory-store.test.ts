import { describeStoreConformance } from "../store-conformance.js";
import { openStore } from "../open-store.js";

describeStoreConformance("in-memory", {
  freshLocation: () => "memory:",
  open: (location) => openStore(location),
});
