using Maildriver.Runtime.Activation;
using Maildriver.Runtime.Timers;

namespace Maildriver.Runtime;

/// <summary>
/// Base class of every grain, shaped like Orleans's <c>Grain</c>. The runtime creates the instance through
/// dependency injection, binds it to its activation, loads any persistent state, then calls
/// <see cref="OnActivateAsync"/>. Grain code runs one turn at a time on the activation's scheduler.
/// </summary>
public abstract class Grain
{
    private ActivationData? _activation;

    internal ActivationData Activation
    {
        get => _activation ?? throw new InvalidOperationException("The grain is not bound to an activation yet (do not use runtime services in the constructor).");
        set => _activation = value;
    }

    /// <summary>This grain's identity.</summary>
    protected GrainId GrainId => Activation.GrainId;

    /// <summary>This grain's key (<c>GetPrimaryKeyString()</c> in Orleans).</summary>
    public string GetPrimaryKeyString() => Activation.GrainId.Key;

    /// <summary>Name of the silo this activation lives on.</summary>
    protected string SiloName => Activation.Silo.Name;

    /// <summary>References to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Silo.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => Activation.Silo.Services;

    /// <summary>Cancelled when the silo stops or dies: background loops a grain starts should end with it.</summary>
    protected CancellationToken SiloStopping => Activation.Silo.Stopping;

    /// <summary>The silo's clock; grain code never reads the wall clock directly.</summary>
    protected TimeProvider TimeProvider => Activation.Silo.TimeProvider;

    /// <summary>Called once after the activation is created and its state loaded, before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called on an orderly deactivation (idle collection, silo stop). Never called on a crash.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation. The next period starts when
    /// the callback finishes, so ticks never overlap. Time comes from the silo's <see cref="System.TimeProvider"/>.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
        => Activation.RegisterTimer(callback, options.DueTime, options.Period, options.Interleave);

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation();
}

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>Idle longer than the collection age.</summary>
    Idle,
    /// <summary>The grain asked for it.</summary>
    Requested,
    /// <summary>The silo is shutting down in an orderly way.</summary>
    SiloStopping,
}
