using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Sharing;

/// <summary>The original API's <c>/share/...</c> path for <see cref="SharedInfo"/>, kept for old links.</summary>
public sealed class SharedInfoLegacy(SharedInfo current) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("GET", "/share/{user_name}/{hashed_link}")
    {
        ResponseBody = typeof(SharedInfoResponse), Summary = "Same as GET /shared/{user_name}/{hashed_link}.",
    };

    public Task<IResult> RunAsync(HttpRequest request, CancellationToken ct) => current.RunAsync(request, ct);
}
