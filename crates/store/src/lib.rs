//! readout's embedded store (work in progress).
