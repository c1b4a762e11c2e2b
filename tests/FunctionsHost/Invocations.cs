using System.Text.Json;
using FunctionsHost.Rpc;

namespace FunctionsHost;

/// <summary>Builds InvocationRequests the way the host does for a proxying (ASP.NET Core integration) worker.</summary>
public static class Invocations
{
    /// <summary>
    /// HTTP: the trigger input is an empty RpcHttp (the real request travels over HTTP); the trigger
    /// metadata carries what the binding data would: route values, query parameters, Query and Headers.
    /// </summary>
    public static InvocationRequest ForHttp(FunctionDescriptor function, string invocationId, HttpRequest request, RouteValueDictionary routeValues)
    {
        var invocation = New(function, invocationId, new TypedData { Http = new RpcHttp() });
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        foreach (var (key, value) in query)
        {
            invocation.TriggerMetadata[key] = new TypedData { String = value };
        }
        foreach (var (key, value) in routeValues)
        {
            if (value is not null)
            {
                invocation.TriggerMetadata[key] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) };
            }
        }
        invocation.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(query) };
        invocation.TriggerMetadata["Headers"] = new TypedData
        {
            Json = JsonSerializer.Serialize(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString())),
        };
        return invocation;
    }

    /// <summary>Timer: the TimerInfo JSON the WebJobs timer binding produces (what the worker's TimerInfo converter reads).</summary>
    public static InvocationRequest ForTimer(FunctionDescriptor function, string invocationId, TimerStatus status) =>
        New(function, invocationId, new TypedData { Json = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { status.Last, status.Next, LastUpdated = DateTime.UtcNow },
            status.IsPastDue,
        }) });

    /// <summary>
    /// Queue: the message text as the trigger value (a string parameter), and the binding data the extension adds:
    /// QueueTrigger, Id, DequeueCount, InsertionTime, ExpirationTime, NextVisibleTime, PopReceipt.
    /// </summary>
    public static InvocationRequest ForQueue(FunctionDescriptor function, string invocationId, Azure.Storage.Queues.Models.QueueMessage message)
    {
        var text = message.Body.ToString();
        var invocation = New(function, invocationId, new TypedData { String = text });
        invocation.TriggerMetadata["QueueTrigger"] = new TypedData { String = text };
        invocation.TriggerMetadata["Id"] = new TypedData { String = message.MessageId };
        invocation.TriggerMetadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
        invocation.TriggerMetadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        invocation.TriggerMetadata["InsertionTime"] = new TypedData { Json = JsonSerializer.Serialize(message.InsertedOn) };
        invocation.TriggerMetadata["ExpirationTime"] = new TypedData { Json = JsonSerializer.Serialize(message.ExpiresOn) };
        invocation.TriggerMetadata["NextVisibleTime"] = new TypedData { Json = JsonSerializer.Serialize(message.NextVisibleOn) };
        return invocation;
    }

    /// <summary>Any other trigger run through the admin endpoint: the input string as the trigger value.</summary>
    public static InvocationRequest ForInput(FunctionDescriptor function, string invocationId, string? input) =>
        New(function, invocationId, new TypedData { String = input ?? "" });

    private static InvocationRequest New(FunctionDescriptor function, string invocationId, TypedData triggerValue)
    {
        var trigger = function.Trigger ?? throw new InvalidOperationException($"Function {function.Name} has no trigger binding");
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.Id,
            TraceContext = new RpcTraceContext { TraceParent = System.Diagnostics.Activity.Current?.Id ?? "", TraceState = "" },
        };
        request.InputData.Add(new ParameterBinding { Name = FunctionDescriptor.Str(trigger, "name") ?? "", Data = triggerValue });
        return request;
    }
}

/// <summary>ScheduleStatus of one timer occurrence (UTC).</summary>
public readonly record struct TimerStatus(DateTime Last, DateTime Next, bool IsPastDue);
