using TinyCloud.Functions.Http;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Drive;

/// <summary>Why a direct upload did not become a file, as the envelope complete-upload answers (the owner's and a link's).</summary>
public static class DirectUploadReplies
{
    public static ErrorResult NotFound() => Api.NotFound("There is no such upload: it was aborted, expired or never begun.");

    public static ErrorResult Failure(CompleteOutcome outcome) => outcome.Problem switch
    {
        CompleteProblem.WrittenMeanwhile => Api.Conflict(
            "The blob was written to while the upload was being completed; complete it again once every write is done."),
        CompleteProblem.StillCompleting => Api.Conflict(
            "Another request is completing this upload and has not finished yet; ask again shortly (upload-status says ready once it is done)."),
        CompleteProblem.PreconditionFailed => Api.Error(StatusCodes.Status412PreconditionFailed,
            "The file was changed meanwhile (its version_id is no longer the if_match of begin-upload): the upload was discarded and its quota given back."),
        CompleteProblem.ReplacedFileGone => Api.Conflict(
            "The file to replace was deleted or moved to the trash meanwhile: the upload was discarded and its quota given back."),
        CompleteProblem.DigestMismatch => Api.Error(StatusCodes.Status422UnprocessableEntity,
            "The uploaded bytes' SHA-256 is not the sha256 that was declared: the upload was discarded and its quota given back; begin a new one."),
        CompleteProblem.Gone => Api.NotFound("The upload was aborted or expired, or its folder was deleted, while it was being completed."),
        _ => Api.BadRequest($"{Rejection(outcome)} The upload was discarded and its quota given back; begin a new one."),
    };

    private static string Rejection(CompleteOutcome outcome) => outcome.Problem switch
    {
        CompleteProblem.NothingUploaded => "Nothing was uploaded: commit the block list (or put the whole blob) before completing.",
        CompleteProblem.NotBlockBlob => "The upload must be a block blob (Put Block + Put Block List, or Put Blob).",
        CompleteProblem.WrongSize => $"The uploaded blob has {outcome.StagedBytes} bytes but size_bytes was {outcome.DeclaredBytes}.",
        CompleteProblem.Copied => "The blob was copied from another blob (Copy Blob); only bytes put through the upload URL are accepted.",
        _ => "Nothing was uploaded: the blob disappeared before it could be completed.",
    };
}
