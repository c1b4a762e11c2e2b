using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Sharing;

/// <summary>The original API's <c>/share/...</c> path for <see cref="SharedFile"/>, kept for old links.</summary>
public sealed class SharedFileLegacy(SharedFile current) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("GET", "/share/{user_name}/{hashed_link}/file")
    {
        Summary = "Same as GET /shared/{user_name}/{hashed_link}/file.",
    };

    public Task<IResult> RunAsync(HttpRequest request, CancellationToken ct) => current.RunAsync(request, ct);
}
