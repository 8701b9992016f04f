import Dates
import EnrichDuplicates
import EnrichEntities
import EnrichKeywords
import EnrichLanguage
import EnrichSummary
import EnrichStats
import ExtractArticle
import ExtractEntities
import ExtractHTML
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
        IngestFiles.stageTypes
        + ExtractHTML.stageTypes
        + ExtractArticle.stageTypes
        + ExtractSentences.stageTypes
        + ExtractQuotes.stageTypes
        + ExtractQuantities.stageTypes
        + ExtractEntities.stageTypes
        + DateStages.stageTypes
        + EnrichStats.stageTypes
        + EnrichLanguage.stageTypes
        + EnrichKeywords.stageTypes
        + EnrichSummary.stageTypes
        + EnrichEntities.stageTypes
        + EnrichDuplicates.stageTypes
        + OutputJSONL.stageTypes
        + OutputSQLite.stageTypes
        + OutputCSV.stageTypes
        + OutputMarkdown.stageTypes
        + OutputReport.stageTypes
        + OutputPostgres.stageTypes

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
