using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Web.Features.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
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
    [Required(ErrorMessage = "请提供刷新令牌")]
    public string RefreshToken { get; init; } = "";
}

/// Tokens for mobile and WeChat clients: user name (or mobile number) and password in, a bearer
/// access token (8 hours) and a refresh token out — ASP.NET Core Identity's bearer tokens.
[Route("api/v1/auth")]
public sealed class AuthApiController(SignInManager<AppUser> signIn, UserManager<AppUser> users) : ApiController
{
    /// Returns { tokenType, accessToken, expiresIn, refreshToken }. Five failures lock the account
    /// for 15 minutes, as on the site.
    [HttpPost("login"), AllowAnonymous]
    [ProducesResponseType<AccessTokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public async Task<IActionResult> Login(LoginRequest request)
    {
        var user = await users.FindByNameAsync(request.UserName.Trim())
                   ?? await users.Users.FirstOrDefaultAsync(u => u.PhoneNumber == request.UserName.Trim());
        if (user is not null)
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return new EmptyResult(); // the bearer handler has written the token
            if (result.IsLockedOut)
                return Problem(title: Localizer["账号已锁定"], detail: Localizer["登录失败次数过多，账号已锁定，请 15 分钟后再试。"], statusCode: StatusCodes.Status401Unauthorized);
        }
        return Problem(title: Localizer["登录失败"], detail: Localizer["用户名或密码不正确。"], statusCode: StatusCodes.Status401Unauthorized);
    }

    /// A new access token from a refresh token, while the account is still valid.
    [HttpPost("refresh"), AllowAnonymous]
    [ProducesResponseType<AccessTokenResponse>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Refresh(RefreshRequest request, [FromServices] IOptionsMonitor<BearerTokenOptions> options, [FromServices] TimeProvider clock)
    {
        var protector = options.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
            return Problem(title: Localizer["请重新登录"], detail: Localizer["刷新令牌无效或已过期。"], statusCode: StatusCodes.Status401Unauthorized);
        return SignIn(await signIn.CreateUserPrincipalAsync(user), IdentityConstants.BearerScheme);
    }
}
