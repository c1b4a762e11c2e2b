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

/// <summary>Who may call a function; <see cref="FunctionGate"/> enforces it before the body runs. Default: anonymous.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowAttribute(Access access) : Attribute
{
    public Access Access { get; } = access;
}

/// <summary>
/// The function's JSON request body: <see cref="FunctionGate"/> reads and validates it before the body runs, answering
/// 413, 415 or 422 itself; the function takes it with <c>request.Body&lt;T&gt;()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonBodyAttribute<T> : Attribute, IJsonBodyDeclaration where T : class
{
    public Type Type => typeof(T);
}

public interface IJsonBodyDeclaration
{
    Type Type { get; }
}

/// <summary>
/// Served even while storage is not ready (an index missing or MongoDB unreachable): health, the documentation, the web
/// client's files. Every other function answers 503 then, since a missing unique index would decide nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WithoutStorageAttribute : Attribute;

/// <summary>
/// What a personal access token needs to call the function (one of <see cref="TinyCloud.Shared.Accounts.TokenScopes"/>).
/// A logged-in function without it is an account route: no token reaches it, whatever its scopes.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TokenScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}

/// <summary>
/// The function writes documents whose uniqueness only a unique index of these collections guarantees (a name in a
/// folder, a user name): while such an index is missing (<see cref="TinyCloud.Shared.Storage.StorageReadiness.IsGuarded"/>)
/// it answers 503 with <c>Retry-After</c>, and the functions that only read keep working.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WritesUniqueAttribute(params string[] collections) : Attribute
{
    public IReadOnlyList<string> Collections { get; } = collections;
}

/// <summary>Left out of the OpenAPI document: the catch-all and the original's banner picture are not API routes.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UndocumentedAttribute : Attribute;

/// <summary>
/// The route existed in the original Tiny Cloud API: by default it answers with exactly the keys of
/// <typeparamref name="T"/> (the original's model, its envelope included where it had one), and with the full <c>Reply&lt;T&gt;</c> body only when the client
/// asks for <see cref="Representations.RichMediaType"/>. <see cref="Representations"/> does the choosing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OriginalAttribute<T> : Attribute, IOriginalDeclaration where T : class
{
    public Type Type => typeof(T);
}

public interface IOriginalDeclaration
{
    Type Type { get; }
}

/// <summary>A multipart/form-data body the function reads itself: a JSON part and a file part, for the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MultipartFormAttribute(string filePart, Type? jsonPartType = null, string jsonPart = "request") : Attribute
{
    public string FilePart { get; } = filePart;
    public Type? JsonPartType { get; } = jsonPartType;
    public string JsonPart { get; } = jsonPart;
}
