using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Versions;

public enum VersionProblem
{
    None,
    /// <summary>The file was deleted, trashed or taken by a removal meanwhile.</summary>
    FileGone,
    /// <summary><c>if_match</c> named another content than the current one: someone changed the file first.</summary>
    PreconditionFailed,
    /// <summary>No such version of the file (deleted meanwhile, or never one of it).</summary>
    NoSuchVersion,
    /// <summary>The file kept changing under every try.</summary>
    Busy,
}

/// <summary>A file after a replace or a restore, or why not.</summary>
public sealed record VersionOutcome(EntryDocument? File, VersionProblem Problem)
{
    public static VersionOutcome Failed(VersionProblem problem) => new(null, problem);
}
