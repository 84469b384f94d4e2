namespace FiveSocieties.Matching.Common;

/// Who did something: the account id, and the name shown in histories (kept as it was at the time).
public readonly record struct ActorRef
{
    public ActorRef(string id, string name)
    {
        Id = Guard.Actor(id);
        Name = Guard.Text(name, "操作人姓名", 64);
    }

    public string Id { get; }
    public string Name { get; }

    /// Actions the platform takes by itself (expiry of an offer, automatic matching).
    public static ActorRef System { get; } = new("system", "系统");
}
