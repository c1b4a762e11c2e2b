using MongoDB.Bson;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Trash;

/// <summary>What moving an entry into the trash did: trashed it, found it gone or changed, or could not take the tree lock.</summary>
public sealed record TrashOutcome(EntryDocument? Trashed, bool IsBusy)
{
    public static readonly TrashOutcome Gone = new(null, false);
    public static readonly TrashOutcome Busy = new(null, true);
}

public enum RestoreProblem
{
    None,
    /// <summary>No such entry in the caller's trash (never was, restored, or deleted for good).</summary>
    NotInTrash,
    /// <summary>Its original folder already holds an entry of that name.</summary>
    NameTaken,
    /// <summary>Its original folder no longer exists.</summary>
    ParentGone,
    /// <summary>Its original folder is in the trash itself (or inside something that is).</summary>
    ParentInTrash,
    Busy,
}

/// <summary>A restore's result: where the entry is now, or why it stayed in the trash (with the place concerned).</summary>
public sealed record RestoreOutcome(Located? Restored, RestoreProblem Problem, string Place = "")
{
    public static RestoreOutcome Failed(RestoreProblem problem, string place = "") => new(null, problem, place);
}

/// <summary>One entry of a trash listing; a folder's size is the total of the files inside it.</summary>
public sealed record TrashItem(EntryDocument Entry, TrashInfo Info, long SizeBytes, DateTime PurgeAt);

/// <summary>A page of the trash, newest first; <see cref="Before"/> asks for the next one.</summary>
public sealed record TrashPage(IReadOnlyList<TrashItem> Items, ObjectId? Before);
