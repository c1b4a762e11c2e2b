using System.Net;
using System.Net.Sockets;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on a free loopback port in front of one backend (MongoDB or Azurite), for fault tests: a worker given
/// <see cref="Port"/> instead of the backend's sees it stall (<see cref="Stall"/>: bytes stop flowing both ways, and
/// connections stay open) or go down (<see cref="Cut"/>: every connection is reset and new ones are refused) while
/// every other worker of the run keeps using the shared backend. <see cref="Heal"/> ends either.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private volatile TaskCompletionSource _flowing = Flowing();
    private volatile bool _cut;

    public FaultProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes stop flowing until <see cref="Heal"/>; connections stay open, as behind a stalled server.</summary>
    public void Stall() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The backend is unreachable: open connections are reset, new ones closed at once.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open)
                Reset(client);
            _open.Clear();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
                socket.LingerState = new LingerOption(true, 0); // close with RST, as a dead server's host would
        }
        catch (ObjectDisposedException)
        {
            // closed meanwhile
        }
        client.Dispose();
    }

    public void Heal()
    {
        _cut = false;
        _flowing.TrySetResult();
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            if (_cut)
            {
                Reset(inbound);
                continue;
            }
            _ = ServeAsync(inbound);
        }
    }

    private async Task ServeAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_open)
            _open.AddRange([inbound, outbound]);
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            await Task.WhenAny(PumpAsync(inbound.GetStream(), outbound.GetStream()), PumpAsync(outbound.GetStream(), inbound.GetStream()));
        }
        catch (Exception)
        {
            // a cut or a closed side ends the connection
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
            lock (_open)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await _flowing.Task.WaitAsync(_stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception)
        {
            // the other pump, a cut or the end of the test closes the connection
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
