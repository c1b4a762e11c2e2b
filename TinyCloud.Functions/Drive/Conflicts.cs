using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// An upload's <c>on_conflict</c>: what happens when its name is taken. <c>fail</c> (the default, and what the original
/// clients get) refuses with a 409; <c>rename</c> takes the first free name of <c>name (2).ext</c>, <c>name (3).ext</c>, ...;
/// <c>replace</c> makes the bytes the existing file's new content and keeps the old as a version.
/// </summary>
public static class Conflicts
{
    public const string Fail = "fail";
    public const string Rename = "rename";
    public const string Replace = "replace";

    public static IEnumerable<FieldError> Validate(string? onConflict, string? ifMatch)
    {
        if (onConflict is not (null or Fail or Rename or Replace))
            yield return new("on_conflict", "on_conflict must be 'fail', 'rename' or 'replace'.");
        if (ifMatch is not null && onConflict != Replace)
            yield return new("if_match", "if_match applies to a replace: send it with on_conflict 'replace'.");
    }

    /// <summary>The names an upload to <paramref name="name"/> may take, in order.</summary>
    public static IEnumerable<string> Names(string name, string? onConflict) =>
        onConflict == Rename ? NumberedNames.Candidates(name) : [name];
}
