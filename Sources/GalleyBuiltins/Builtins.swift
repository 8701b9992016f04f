import Dates
import EnrichStats
import ExtractArticle
import ExtractQuantities
import ExtractQuotes
import ExtractSentences
import GalleyCore
import IngestFiles
import OutputJSONL

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

    /// The registry of builtin stage types.
    public static let registry = StageRegistry(stageTypes)
}
