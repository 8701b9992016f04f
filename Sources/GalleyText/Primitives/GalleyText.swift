/// Shared text utilities for Galley stages.
public enum GalleyText {}
