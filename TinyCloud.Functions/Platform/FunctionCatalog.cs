using System.ComponentModel;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Platform;

/// <summary>
/// One <c>[Function]</c> method as its attributes declare it. HTTP functions have a method and route; timer
/// functions a schedule. The host routes by the same attributes (through the generated functions.metadata).
/// </summary>
public sealed record FunctionEntry(string Name, MethodInfo Method, Access Access, Type? RequestBody, string? Summary)
{
    /// <summary>The original API's success body, for a route the original had (<see cref="OriginalAttribute{T}"/>).</summary>
    public Type? OriginalBody { get; } = Method.GetCustomAttributes().OfType<IOriginalDeclaration>().FirstOrDefault()?.Type;

    public MultipartFormAttribute? Multipart { get; } = Method.GetCustomAttribute<MultipartFormAttribute>();

    public HttpTriggerAttribute? Http { get; } =
        Method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);

    public TimerTriggerAttribute? Timer { get; } =
        Method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null);

    public bool NeedsStorage { get; } = Method.GetCustomAttribute<WithoutStorageAttribute>() is null;

    /// <summary>The scope a personal access token needs here; null on account routes, which no token reaches.</summary>
    public string? TokenScope { get; } = Method.GetCustomAttribute<TokenScopeAttribute>()?.Scope;

    /// <summary>An anonymous route of a public link (its route names one): held to the link request budget.</summary>
    public bool IsPublicLink => Http?.Route?.Contains("{hashed_link}", StringComparison.Ordinal) == true;

    /// <summary>The collections whose unique indexes the function's writes rely on (<see cref="WritesUniqueAttribute"/>).</summary>
    public IReadOnlyList<string> WritesUnique { get; } = Method.GetCustomAttribute<WritesUniqueAttribute>()?.Collections ?? [];

    public string HttpMethod => Http!.Methods![0].ToUpperInvariant();

    public string Route => "/" + Http!.Route;

    /// <summary>The success body of a function returning <see cref="Reply{T}"/>, else null.</summary>
    public Type? ResponseBody { get; } = Unwrap(Method.ReturnType) is { IsGenericType: true } reply
        && reply.GetGenericTypeDefinition() == typeof(Reply<>) ? reply.GetGenericArguments()[0] : null;

    private static Type Unwrap(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) ? type.GetGenericArguments()[0] : type;
}

public static class FunctionCatalog
{
    /// <summary>Every function of the worker, found once by reflection.</summary>
    public static IReadOnlyList<FunctionEntry> All { get; } = typeof(FunctionCatalog).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .Select(m => new FunctionEntry(
            m.GetCustomAttribute<FunctionAttribute>()!.Name, m,
            m.GetCustomAttribute<AllowAttribute>()?.Access ?? Access.Anonymous,
            m.GetCustomAttributes().OfType<IJsonBodyDeclaration>().FirstOrDefault()?.Type,
            m.GetCustomAttribute<DescriptionAttribute>()?.Description))
        .OrderBy(e => e.Name, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<FunctionEntry> HttpFunctions => All.Where(f => f.Http is not null);

    /// <summary>The HTTP functions the OpenAPI document describes.</summary>
    public static IEnumerable<FunctionEntry> DocumentedFunctions =>
        HttpFunctions.Where(f => f.Method.GetCustomAttribute<UndocumentedAttribute>() is null);

    private static readonly Dictionary<string, FunctionEntry> ByName = All.ToDictionary(f => f.Name);

    public static FunctionEntry? Find(string name) => ByName.GetValueOrDefault(name);
}
