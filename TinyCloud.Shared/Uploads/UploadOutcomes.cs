using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Uploads;

public enum BeginProblem
{
    None,
    OverQuota,
    NameTaken,
    FolderGone,
    /// <summary>if_match was given but no file holds the name.</summary>
    NothingToMatch,
}

/// <summary>A direct upload just begun (its pending entry and the write-only URL for its one blob), or why not.</summary>
public sealed record BeginOutcome(EntryDocument? Entry, Uri? UploadUrl, DateTime ExpiresAt, BeginProblem Problem)
{
    public static BeginOutcome Failed(BeginProblem problem) => new(null, null, default, problem);
}

public enum CompleteProblem
{
    None,
    /// <summary>Nothing is committed under the upload's name: it was discarded.</summary>
    NothingUploaded,
    /// <summary>A page or append blob: discarded.</summary>
    NotBlockBlob,
    /// <summary>Not the declared size (see <see cref="CompleteOutcome.StagedBytes"/>): discarded.</summary>
    WrongSize,
    /// <summary>Written by Copy Blob rather than put through the URL: discarded.</summary>
    Copied,
    /// <summary>The blob went between the check and the copy: discarded.</summary>
    Disappeared,
    /// <summary>The bytes' SHA-256 is not the one the client declared: discarded.</summary>
    DigestMismatch,
    /// <summary>A replacing upload's if_match no longer names the file's content: discarded.</summary>
    PreconditionFailed,
    /// <summary>The file a replacing upload was to replace was deleted or trashed meanwhile: discarded.</summary>
    ReplacedFileGone,
    /// <summary>Written to again while being completed: kept, to be completed again.</summary>
    WrittenMeanwhile,
    /// <summary>Another request's completion of this replacing upload is still landing it after a wait: kept, to be asked again.</summary>
    StillCompleting,
    /// <summary>Aborted or expired, or its folder deleted, while it was being completed.</summary>
    Gone,
}

/// <summary>A completed direct upload where it is now, or why it is not a file.</summary>
public sealed record CompleteOutcome(Located? Ready, CompleteProblem Problem, long StagedBytes = 0, long DeclaredBytes = 0)
{
    public static CompleteOutcome Failed(CompleteProblem problem) => new(null, problem);

    /// <summary>Whether this call made the upload a file; a repeated or concurrent completion answers the same file without.</summary>
    public bool ByThisCall { get; init; }
}

public enum AbortOutcome
{
    Aborted,
    AlreadyComplete,
    /// <summary>Another call gave it up first, or it expired.</summary>
    Gone,
}
