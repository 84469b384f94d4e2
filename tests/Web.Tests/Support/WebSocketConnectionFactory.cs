using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FiveSocieties.Web.Tests.Support;

/// A .NET SignalR client over a plain WebSocket, for tests and the push benchmark. The full
/// client package (with its HTTP transports) does not restore here; the hub accepts a WebSocket
/// without the negotiate step, so SignalR.Client.Core with this transport is all a client needs.
public static class BrokeringClient
{
    /// A hub connection to <paramref name="hubUrl"/> (http or https; the socket uses ws/wss),
    /// signed in with an API bearer token.
    public static HubConnection Create(Uri hubUrl, string accessToken)
    {
        var socketUrl = new UriBuilder(hubUrl)
        {
            Scheme = hubUrl.Scheme == "https" ? "wss" : "ws",
            Query = "access_token=" + Uri.EscapeDataString(accessToken),
        }.Uri;
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory());
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(socketUrl));
        return builder.Build();
    }
}

public sealed class WebSocketConnectionFactory : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(((UriEndPoint)endpoint).Uri, cancellationToken);
        return new WebSocketConnection(socket);
    }

    /// Bridges the socket and the pipes SignalR reads and writes: one loop each way.
    private sealed class WebSocketConnection : ConnectionContext
    {
        private readonly ClientWebSocket _socket;
        private readonly Pipe _incoming = new();
        private readonly Pipe _outgoing = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _receiving;
        private readonly Task _sending;

        public WebSocketConnection(ClientWebSocket socket)
        {
            _socket = socket;
            Transport = new Duplex(_incoming.Reader, _outgoing.Writer);
            _receiving = ReceiveAsync();
            _sending = SendAsync();
        }

        public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
        public override IDuplexPipe Transport { get; set; }

        private async Task ReceiveAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var memory = _incoming.Writer.GetMemory(4096);
                    var result = await _socket.ReceiveAsync(memory, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    _incoming.Writer.Advance(result.Count);
                    if ((await _incoming.Writer.FlushAsync(_stop.Token)).IsCompleted) break;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
            await _incoming.Writer.CompleteAsync();
        }

        private async Task SendAsync()
        {
            try
            {
                while (true)
                {
                    var read = await _outgoing.Reader.ReadAsync(_stop.Token);
                    foreach (var segment in read.Buffer)
                        await _socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
                    _outgoing.Reader.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted) break;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
            await _outgoing.Reader.CompleteAsync();
        }

        public override void Abort(ConnectionAbortedException abortReason) => _stop.Cancel();

        public override async ValueTask DisposeAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException) { }
            await _stop.CancelAsync();
            await Task.WhenAll(_receiving, _sending);
            _socket.Dispose();
        }

        private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
        {
            public PipeReader Input { get; } = input;
            public PipeWriter Output { get; } = output;
        }
    }
}
