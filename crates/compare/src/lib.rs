//! readout's account comparison (work in progress).
