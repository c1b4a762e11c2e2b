using System.Text.Json;
using System.Text.Json.Serialization;

namespace TinyCloud.Functions.Maintenance;

/// <summary>What a custom handler answers the Functions host for a non-HTTP trigger; any non-2xx status is a failure.</summary>
public sealed record InvocationAnswer(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

public sealed record TimerInvocation(bool IsPastDue);

/// <summary>
/// The custom-handler invocation contract for a timer trigger: the host POSTs
/// <c>{"Data": {"&lt;binding&gt;": timer}, "Metadata": {...}}</c> to <c>/{FunctionName}</c>.
/// </summary>
public static class HostInvocation
{
    public static async Task<TimerInvocation?> ReadTimerAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            var pastDue = document.RootElement.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.EnumerateObject().Any(binding => IsPastDue(binding.Value));
            return new TimerInvocation(pastDue);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IResult Answer(int status, params string[] logs) =>
        TypedResults.Json(new InvocationAnswer(new Dictionary<string, object?>(), logs, null), statusCode: status);

    // Depending on the host version the timer binding arrives as an object or as that object serialized into a string.
    private static bool IsPastDue(JsonElement timer)
    {
        if (timer.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var parsed = JsonDocument.Parse(timer.GetString()!);
                return IsPastDue(parsed.RootElement);
            }
            catch (JsonException)
            {
                return false; // a binding this function does not read; the invocation itself is still valid
            }
        }
        return timer.ValueKind == JsonValueKind.Object && timer.EnumerateObject()
            .Any(p => p.Name.Equals("IsPastDue", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.True);
    }
}
