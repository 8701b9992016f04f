import Dates
import EnrichStats
import ExtractArticle
import ExtractEntities
import ExtractQuantities
import ExtractQuotes
import ExtractSentences
import Foundation
import GalleyCore
import GalleyRules
import IngestFiles
import OutputCSV
import OutputJSONL
import OutputMarkdown
import OutputPostgres
import OutputReport
import OutputSQLite

/// The Swift plugins compiled into galley.
public enum Builtins {
    /// Every builtin stage type, from every Swift plugin.
    public static let stageTypes: [StageType] =
        IngestFiles.stageTypes.map { $0.constrained(rangesOfOtherPlugins) }
        + ExtractArticle.stageTypes.map { $0.constrained(rangesOfOtherPlugins) }
        + ExtractSentences.stageTypes
        + ExtractQuotes.stageTypes
        + ExtractQuantities.stageTypes
        + ExtractEntities.stageTypes
        + DateStages.stageTypes
        + EnrichStats.stageTypes
        + OutputJSONL.stageTypes
        + OutputSQLite.stageTypes
        + OutputCSV.stageTypes
        + OutputMarkdown.stageTypes
        + OutputReport.stageTypes
        + OutputPostgres.stageTypes

    /// Ranges of the numeric parameters of plugins whose specs do not give one, so that `validate` checks every
    /// numeric parameter's range.
    static let rangesOfOtherPlugins: [String: ClosedRange<Double>] = [
        "max_bytes": 1...Double(Int.max),
        "min_paragraphs": 0...1_000_000,
    ]

    /// The registry of builtin stage types.
    public static let registry = StageRegistry(stageTypes)

    /// The builtin stage types plus every external plugin found for a pipeline folder (`Plugins/` beside the project,
    /// `extraDirs` from `--plugins`, and `GALLEY_PLUGIN_PATH`); call again to re-read plugins (the REPL's `reload`).
    public static func withPlugins(pipelineDirectory: String?, extraDirs: [String] = [],
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> DiscoveredPlugins {
        PluginDiscovery.registry(builtins: registry, pipelineDirectory: pipelineDirectory, extraDirs: extraDirs,
                                 environment: environment, compileRules: GalleyRules.compiler)
    }
}
