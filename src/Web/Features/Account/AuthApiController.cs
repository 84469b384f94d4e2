using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Web.Features.Api;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

public sealed class LoginRequest
{
    [Required(ErrorMessage = "请输入用户名或手机号"), StringLength(64)]
    public string UserName { get; init; } = "";

    [Required(ErrorMessage = "请输入密码"), StringLength(128)]
    public string Password { get; init; } = "";
}

public sealed class RefreshRequest
{
    [Required(ErrorMessage = "请提供刷新令牌"), StringLength(256)]
    public string RefreshToken { get; init; } = "";
}

/// Tokens for mobile and WeChat clients: user name (or mobile number) and password in, a bearer
/// access token (8 hours) and a one-time refresh token out. The same checks, lockout and answers
/// as the sign-in page.
[Route("api/v1/auth")]
public sealed class AuthApiController(ApiTokens tokens) : ApiController
{
    /// Returns { tokenType, accessToken, expiresIn, refreshToken }. A wrong password, an unknown
    /// name and a client locked out of the account all answer the same 401.
    [HttpPost("login"), AllowAnonymous, RateLimited(LimitedAction.SignIn)]
    [ProducesResponseType<AccessTokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> Login(LoginRequest request, [FromServices] PasswordSignIn passwords, [FromServices] IOptions<AccountOptions> options,
        CancellationToken ct)
    {
        if (await passwords.CheckAsync(request.UserName, request.Password, ClientAddress.Of(HttpContext), ct) is { } user)
            return Ok(await tokens.IssueAsync(user, ct));
        return Problem(title: Localizer["登录失败"], detail: AccountController.SignInRefused(Localizer, options.Value), statusCode: StatusCodes.Status401Unauthorized);
    }

    /// New tokens for a refresh token, which then no longer works. Presenting a used refresh token
    /// again revokes every token of its sign-in: one of the two presenters must have stolen it.
    [HttpPost("refresh"), AllowAnonymous, RateLimited(LimitedAction.Refresh)]
    [ProducesResponseType<AccessTokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> Refresh(RefreshRequest request, CancellationToken ct) =>
        await tokens.RefreshAsync(request.RefreshToken, ct) is { } issued
            ? Ok(issued)
            : Problem(title: Localizer["请重新登录"], detail: Localizer["刷新令牌无效或已过期。"], statusCode: StatusCodes.Status401Unauthorized);

    /// Signs the account out everywhere: every access and refresh token, and the site's cookies.
    [HttpPost("logout")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Logout([FromServices] Sessions sessions, [FromServices] UserManager<AppUser> users, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user) return Unauthorized();
        await sessions.EndAllAsync(user, ct);
        return NoContent();
    }
}
