using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Template;

namespace FunctionsHost;

/// <summary>
/// Route table built from the loaded functions' httpTrigger bindings (routePrefix + route, methods),
/// ordered like ASP.NET Core routing: literal segments before parameters before catch-alls.
/// </summary>
public sealed class HttpRouter(HostState state, ScriptRoot root, IInlineConstraintResolver constraints)
{
    private readonly Lazy<IReadOnlyList<HttpRoute>> _routes = new(() => Build(state.Functions, root.RoutePrefix, constraints));

    public IReadOnlyList<HttpRoute> Routes => _routes.Value;

    public RouteMatch Match(HttpRequest request)
    {
        var pathMatched = false;
        foreach (var route in Routes)
        {
            var values = new RouteValueDictionary();
            if (!route.Matcher.TryMatch(request.Path, values) || !ConstraintsHold(route, request.HttpContext, values))
            {
                continue;
            }
            if (route.Methods is null || route.Methods.Contains(request.Method))
            {
                return new RouteMatch(route, values, MethodNotAllowed: false);
            }
            pathMatched = true;
        }
        return new RouteMatch(null, null, pathMatched);
    }

    private static bool ConstraintsHold(HttpRoute route, HttpContext context, RouteValueDictionary values) =>
        route.Constraints.All(c => c.Constraint.Match(context, null, c.Parameter, values, RouteDirection.IncomingRequest));

    private static List<HttpRoute> Build(IEnumerable<FunctionDescriptor> functions, string prefix, IInlineConstraintResolver resolver)
    {
        var routes = new List<HttpRoute>();
        foreach (var function in functions)
        {
            if (function.HttpTrigger is not { } trigger)
            {
                continue;
            }
            var route = (FunctionDescriptor.Str(trigger, "route") ?? function.Name).Trim('/');
            var template = TemplateParser.Parse(string.Join('/', new[] { prefix, route }.Where(s => s.Length > 0)));
            var defaults = new RouteValueDictionary(template.Parameters
                .Where(p => p.DefaultValue is not null).ToDictionary(p => p.Name!, p => p.DefaultValue));
            var parameterConstraints = template.Parameters
                .SelectMany(p => p.InlineConstraints.Select(c => (p.Name!, resolver.ResolveConstraint(c.Constraint)
                    ?? throw new InvalidOperationException($"Unknown route constraint '{c.Constraint}' in {function.Name}"))))
                .ToList();
            var methods = (trigger["methods"] as JsonArray)?.Select(m => m?.GetValue<string>().ToUpperInvariant())
                .OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

            routes.Add(new HttpRoute(function, "/" + template.TemplateText, new TemplateMatcher(template, defaults),
                parameterConstraints, methods is { Count: > 0 } ? methods : null, RoutePrecedence.ComputeInbound(template)));
        }
        // Lower inbound precedence value = more specific (literal "hello/world" beats "hello/{name}").
        return routes.OrderBy(r => r.Precedence).ThenBy(r => r.Template, StringComparer.OrdinalIgnoreCase).ToList();
    }
}

public sealed record HttpRoute(
    FunctionDescriptor Function, string Template, TemplateMatcher Matcher,
    IReadOnlyList<(string Parameter, IRouteConstraint Constraint)> Constraints, IReadOnlySet<string>? Methods, decimal Precedence);

public readonly record struct RouteMatch(HttpRoute? Route, RouteValueDictionary? Values, bool MethodNotAllowed);
