import GalleyCore

/// What the Dates plugin exports to galley: a plugin module `Name` has a public type `Name` with `stageTypes`
/// (docs/plugins.md), which the generated builtin registry reads.
public enum Dates {
    /// The stage types this plugin exports (`extract.dates`, `enrich.dates`).
    public static var stageTypes: [StageType] { DateStages.stageTypes }
}
