namespace TinyCloud.Functions.Platform;

public enum Access
{
    /// <summary>No login (register, public share links, docs).</summary>
    Anonymous,
    /// <summary>Any logged-in user, verified or not.</summary>
    User,
    /// <summary>A logged-in, verified user (every file route).</summary>
    Verified,
    /// <summary>The X-Admin-Key header; the route is off when Admin:Key is unset.</summary>
    Admin,
}

/// <summary>
/// The single declaration of a function: its Azure Functions name (the class name), HTTP method and route.
/// The route table, function.json files and OpenAPI document are all generated from these.
/// </summary>
public sealed record FunctionRoute(string Method, string Route, Access Access = Access.Anonymous)
{
    public Type? RequestBody { get; init; }
    public Type? ResponseBody { get; init; }
    public string? Summary { get; init; }
}

/// <summary>One Azure Function: HttpRequest in, IResult out.</summary>
public interface IFunction
{
    static abstract FunctionRoute Declaration { get; }

    Task<IResult> RunAsync(HttpRequest request, CancellationToken ct);
}
