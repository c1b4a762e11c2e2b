using System.Reflection;

namespace TinyCloud.Functions.Platform;

public sealed record FunctionEntry(string Name, Type Type, FunctionRoute Declaration);

public static class FunctionCatalog
{
    /// <summary>Every function class in the worker, found once by reflection.</summary>
    public static IReadOnlyList<FunctionEntry> All { get; } = typeof(FunctionCatalog).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFunction).IsAssignableFrom(t))
        .Select(t => new FunctionEntry(t.Name, t, Describe(t)))
        .OrderBy(e => e.Name, StringComparer.Ordinal)
        .ToList();

    public static IServiceCollection AddFunctions(this IServiceCollection services)
    {
        foreach (var entry in All)
            services.AddScoped(entry.Type);
        return services;
    }

    public static void MapFunctions(this IEndpointRouteBuilder app)
    {
        var map = typeof(FunctionCatalog).GetMethod(nameof(Map), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var entry in All)
            map.MakeGenericMethod(entry.Type).Invoke(null, [app, entry]);
    }

    private static void Map<T>(IEndpointRouteBuilder app, FunctionEntry entry) where T : IFunction
    {
        var declaration = entry.Declaration;
        var endpoint = app.MapMethods(declaration.Route, [declaration.Method],
                (T function, HttpRequest request, CancellationToken ct) => function.RunAsync(request, ct))
            .WithName(entry.Name)
            .WithMetadata(declaration)
            .AddEndpointFilter<AccessFilter>();
        if (declaration.Summary is not null)
            endpoint.WithSummary(declaration.Summary);
        if (declaration.ResponseBody is not null)
            endpoint.Produces(StatusCodes.Status200OK, declaration.ResponseBody);
    }

    private static FunctionRoute Describe(Type type) =>
        (FunctionRoute)type.GetProperty(nameof(IFunction.Declaration), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
}
