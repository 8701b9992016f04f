import Dates
import EnrichStats
import ExtractArticle
import ExtractQuantities
import ExtractQuotes
import ExtractSentences
import GalleyCore
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
        + ExtractArticle.stageTypes
        + ExtractSentences.stageTypes
        + ExtractQuotes.stageTypes
        + ExtractQuantities.stageTypes
        + DateStages.stageTypes
        + EnrichStats.stageTypes
        + OutputJSONL.stageTypes
        + OutputSQLite.stageTypes
        + OutputCSV.stageTypes
        + OutputMarkdown.stageTypes
        + OutputReport.stageTypes
        + OutputPostgres.stageTypes

    /// The registry of builtin stage types.
    public static let registry = StageRegistry(stageTypes)
}
