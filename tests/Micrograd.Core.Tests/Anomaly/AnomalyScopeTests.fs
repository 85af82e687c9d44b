/// The scopes of anomaly detection: they nest, end on Dispose (also after an exception), and
/// belong to the async flow that opened them, not to other threads.
module Micrograd.Core.Tests.AnomalyScopeTests

open System
open System.Threading
open System.Threading.Tasks
open Xunit
open Micrograd.Core

/// Whether building log(-1) here throws an AnomalyException (it is NaN otherwise).
let private throws () =
    try
        let y = log (Node.Leaf -1.0)
        Assert.True(Double.IsNaN y.Data)
        false
    with :? AnomalyException ->
        true

[<Fact>]
let ``detection is off by default`` () =
    Assert.False Anomaly.IsEnabled
    Assert.False(throws ())

[<Fact>]
let ``scopes nest: detection stays on until the outer scope ends`` () =
    let outer = Anomaly.Detect()
    let inner = Anomaly.Detect()
    Assert.True(throws ())
    inner.Dispose()
    Assert.True(throws ())
    Assert.True Anomaly.IsEnabled
    outer.Dispose()
    Assert.False(throws ())
    Assert.False Anomaly.IsEnabled

[<Fact>]
let ``disposing a scope twice does not end the scope around it`` () =
    use _ = Anomaly.Detect()
    let inner = Anomaly.Detect()
    inner.Dispose()
    inner.Dispose()
    Assert.True(throws ())

[<Fact>]
let ``scopes disposed out of order: on while either is open`` () =
    let outer = Anomaly.Detect()
    let inner = Anomaly.Detect()
    outer.Dispose()
    Assert.True(throws ())
    inner.Dispose()
    Assert.False(throws ())

[<Fact>]
let ``a scope ends when an exception leaves it`` () =
    let run () =
        use _ = Anomaly.Detect()
        log (Node.Leaf -1.0) |> ignore
    Assert.Throws<AnomalyException>(fun () -> run ()) |> ignore
    Assert.False Anomaly.IsEnabled
    Assert.False(throws ())

[<Fact>]
let ``a thread that runs on its own is not checked by this thread's scope`` () =
    use started = new ManualResetEventSlim(false)
    use go = new ManualResetEventSlim(false)
    let otherThrew = ref None
    // Started before the scope opens, so it does not share this flow.
    let other =
        Thread(fun () ->
            started.Set()
            go.Wait()
            otherThrew.Value <- Some(throws ()))
    other.Start()
    started.Wait()
    use _ = Anomaly.Detect()
    go.Set()
    other.Join()
    Assert.Equal(Some false, otherThrew.Value)
    Assert.True(throws ())

[<Fact>]
let ``a thread started without the flow is not checked either`` () =
    use _ = Anomaly.Detect()
    let otherThrew = ref None
    let other = Thread(fun () -> otherThrew.Value <- Some(throws ()))
    using (ExecutionContext.SuppressFlow()) (fun _ -> other.Start())
    other.Join()
    Assert.Equal(Some false, otherThrew.Value)

[<Fact>]
let ``a task started inside the scope shares its flow, and so its checks`` () =
    use _ = Anomaly.Detect()
    Assert.True(Task.Run(fun () -> throws ()).Result)

[<Fact>]
let ``the scope follows its flow across an await, to whatever thread`` () =
    task {
        use _ = Anomaly.Detect()
        do! Task.Yield()
        Assert.True(throws ())
        do! Task.Delay 1
        Assert.True(throws ())
    }
    |> fun t -> t.Wait()
    Assert.False(throws ())

[<Fact>]
let ``scopes on two threads at once end independently`` () =
    use ready = new Barrier(2)
    let run () =
        use scope = Anomaly.Detect()
        ready.SignalAndWait() // both open
        let inside = throws ()
        scope.Dispose()
        ready.SignalAndWait() // both closed
        inside, throws ()
    let other = Task.Factory.StartNew(run, TaskCreationOptions.LongRunning)
    let here = run ()
    Assert.Equal((true, false), here)
    Assert.Equal((true, false), other.Result)

// Opening and closing the only scope swaps the check every new node runs; a thread building nodes
// meanwhile must see either the check or none, never a check that vanished between its test and
// its call (a NullReferenceException in Node.Make before the fix).
[<Fact>]
let ``nodes built on one thread while another opens and closes scopes are all built`` () =
    use stop = new CancellationTokenSource()
    let toggler =
        Task.Run(fun () ->
            while not stop.IsCancellationRequested do
                use _ = Anomaly.Detect()
                ())
    let builder =
        Task.Run(fun () ->
            let mutable s = Node.Leaf 0.0
            for _ in 1..2_000_000 do
                s <- s + 1.0
            s.Data)
    let total = builder.Result
    stop.Cancel()
    toggler.Wait()
    Assert.Equal(2_000_000.0, total)
