using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Copies;

public enum CopyProblem
{
    None,
    OverQuota,
    NameTaken,
    /// <summary>The destination folder was deleted meanwhile.</summary>
    FolderGone,
    /// <summary>Something copied was deleted (its bytes may be gone) while the copy was made: nothing was kept.</summary>
    SourceChanged,
    /// <summary>The copy was given up by TempCleanup before it was committed (a stalled worker).</summary>
    Abandoned,
}

/// <summary>A copy made (its top where it is now, how many entries and bytes), or why not.</summary>
public sealed record CopyOutcome(Located? Copy, CopyProblem Problem, long Entries = 0, long Bytes = 0)
{
    public static CopyOutcome Failed(CopyProblem problem) => new(null, problem);
}
