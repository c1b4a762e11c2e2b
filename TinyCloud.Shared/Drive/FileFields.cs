namespace TinyCloud.Shared.Drive;

/// <summary>The three super-folders every user has; they share one quota.</summary>
public static class FileFields
{
    public const string Mere = "mere";
    public const string Special = "special";
    public const string Temporary = "temporary";

    public static readonly IReadOnlyList<string> All = [Mere, Special, Temporary];

    public static bool IsValid(string? field) => field is Mere or Special or Temporary;
}
