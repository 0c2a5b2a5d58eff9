// app.hpp: the console as a whole: which page a route shows, who may see it, and the
// reports of page visits (R-UM14). main.cpp calls draw() once per frame.
#pragma once

namespace app {

void start();
void draw();

}  // namespace app
