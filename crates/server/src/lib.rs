//! readout's HTTP API and web UI (work in progress).
