<?php
// The shop for the PHP stack of the reality suite: the router script of `php -S`.
// tools/reality/driver.py starts it with its own session.save_path per server and
// PHP_CLI_SERVER_WORKERS=2; everything else is Debian's php.ini (files handler, gc_probability 0).
// SHOP_SERVER (s1 or s2) is echoed in an X-Server header so the driver sees the route.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];
header('X-Server: ' . getenv('SHOP_SERVER'));
header('Content-Type: application/json');

function state(): string {
    return json_encode(['user' => $_SESSION['user'] ?? null, 'cart' => $_SESSION['cart'] ?? []]);
}

if ($method === 'POST' && $path === '/login') {
    session_start();
    $_SESSION['user'] = $_POST['user'] ?? null;
    echo state();
} elseif ($method === 'GET' && $path === '/') {
    session_start();
    echo state();
} elseif ($method === 'POST' && $path === '/cart') {
    session_start(); // the files handler locks the session file until the script ends
    $cart = $_SESSION['cart'] ?? [];
    usleep(200000);
    $cart[] = $_POST['item'] ?? null;
    $_SESSION['cart'] = $cart;
    echo state();
} elseif ($method === 'POST' && $path === '/logout') {
    session_start();
    session_destroy();
    echo json_encode(['ok' => true]);
} else {
    http_response_code(404);
    echo json_encode(['error' => 'not found']);
}
