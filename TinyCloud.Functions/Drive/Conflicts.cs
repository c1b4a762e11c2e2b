using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// An upload's <c>on_conflict</c>: what happens when its name is taken. <c>fail</c> (the default, and what the original
/// clients get) refuses with a 409; <c>rename</c> takes the first free name of <c>name (2).ext</c>, <c>name (3).ext</c>, ...
/// </summary>
public static class Conflicts
{
    public const string Fail = "fail";
    public const string Rename = "rename";

    public static IEnumerable<FieldError> Validate(string? onConflict)
    {
        if (onConflict is not (null or Fail or Rename))
            yield return new("on_conflict", "on_conflict must be 'fail' or 'rename'.");
    }

    /// <summary>The names an upload to <paramref name="name"/> may take, in order.</summary>
    public static IEnumerable<string> Names(string name, string? onConflict) =>
        onConflict == Rename ? NumberedNames.Candidates(name) : [name];
}
